"""`record`: a frozen dataclass whose __init__ costs what a plain class's does.

A frozen dataclass's generated __init__ sets each field through `object.__setattr__` (to get past
its own assignment guard); with the thousand-odd rows, cells, values and facts of one filing that
was about a seventh of a whole conversion. `record` makes exactly the frozen dataclass (eq, hash,
order, repr, `fields`, `replace`, FrozenInstanceError on assignment) and gives it an __init__
that stores each field straight into the new instance's __dict__, then calls __post_init__
as usual.
"""
from __future__ import annotations

import dataclasses
from typing import dataclass_transform

_MISSING = dataclasses.MISSING


@dataclass_transform(frozen_default=True)
def record(cls=None, /, **options):
    """Use as `@record` or `@record(order=True)`; options go to dataclasses.dataclass."""
    def wrap(klass):
        # init=False: the dataclass's own __init__ would only be built to be replaced
        klass = dataclasses.dataclass(frozen=True, init=False, **options)(klass)
        if any(field.kw_only for field in dataclasses.fields(klass)):
            raise TypeError(f"{klass.__qualname__}: a record has no keyword-only fields")
        klass.__init__ = _fast_init(klass)
        return klass
    return wrap if cls is None else wrap(cls)


def _fast_init(klass):
    """An __init__ with the dataclass's own signature and defaults, built from source that names
    only the fields."""
    namespace: dict = {"_MISSING": _MISSING}
    parameters, factories, items = [], [], []
    for field in dataclasses.fields(klass):
        name = field.name
        if field.default is not _MISSING:
            namespace[f"_default_{name}"] = field.default
        elif field.default_factory is not _MISSING:
            namespace[f"_factory_{name}"] = field.default_factory
        if not field.init:
            if field.default is not _MISSING:
                items.append(f"    values[{name!r}] = _default_{name}")
            elif field.default_factory is not _MISSING:
                items.append(f"    values[{name!r}] = _factory_{name}()")
            continue  # else: set by __post_init__
        if field.default is not _MISSING:
            parameters.append(f"{name}=_default_{name}")
        elif field.default_factory is not _MISSING:
            parameters.append(f"{name}=_MISSING")
            factories.append(f"    if {name} is _MISSING: {name} = _factory_{name}()")
        else:
            parameters.append(name)
        items.append(f"    values[{name!r}] = {name}")
    lines = [f"def __init__(self, {', '.join(parameters)}):", *factories,
             "    values = self.__dict__", *items]
    if hasattr(klass, "__post_init__"):
        lines.append("    self.__post_init__()")
    exec("\n".join(lines), namespace)  # noqa: S102 - source built above from field names only
    init = namespace["__init__"]
    init.__qualname__ = f"{klass.__qualname__}.__init__"
    init.__module__ = klass.__module__
    return init
