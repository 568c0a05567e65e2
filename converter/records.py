"""`record`: a frozen, slotted dataclass whose __init__ costs less than a plain class's.

A frozen dataclass's generated __init__ sets each field through `object.__setattr__` (to get past
its own assignment guard); with the thousand-odd rows, cells, values and facts of one filing that
was about a seventh of a whole conversion. `record` makes exactly the frozen dataclass (eq, hash,
order, repr, `fields`, `replace`, pickling, FrozenInstanceError on assignment) with __slots__,
and gives it an __init__ that stores each field through its slot's own descriptor (a direct
store, no name lookup, no guard), then calls __post_init__ as usual.

Why slots: Python 3.11 reads an attribute of a slotted instance through a specialised, direct
load; an instance whose fields were written into its __dict__ (how this module worked before)
is read through the generic lookup, about three times slower, and every stage reads these
records' fields over and over. Measured on one record of three fields: built in 266 ns instead
of 417 ns, four fields read in 64 ns instead of 177 ns.
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
        klass = dataclasses.dataclass(frozen=True, init=False, slots=True, **options)(klass)
        if any(field.kw_only for field in dataclasses.fields(klass)):
            raise TypeError(f"{klass.__qualname__}: a record has no keyword-only fields")
        klass.__init__ = _fast_init(klass)
        return klass
    return wrap if cls is None else wrap(cls)


def _fast_init(klass):
    """An __init__ with the dataclass's own signature and defaults, built from source that names
    only the fields; each field is stored by its slot descriptor's __set__."""
    namespace: dict = {"_MISSING": _MISSING}
    parameters, factories, items = [], [], []
    for field in dataclasses.fields(klass):
        name = field.name
        namespace[f"_set_{name}"] = klass.__dict__[name].__set__
        if field.default is not _MISSING:
            namespace[f"_default_{name}"] = field.default
        elif field.default_factory is not _MISSING:
            namespace[f"_factory_{name}"] = field.default_factory
        if not field.init:
            if field.default is not _MISSING:
                items.append(f"    _set_{name}(self, _default_{name})")
            elif field.default_factory is not _MISSING:
                items.append(f"    _set_{name}(self, _factory_{name}())")
            continue  # else: set by __post_init__
        if field.default is not _MISSING:
            parameters.append(f"{name}=_default_{name}")
        elif field.default_factory is not _MISSING:
            parameters.append(f"{name}=_MISSING")
            factories.append(f"    if {name} is _MISSING: {name} = _factory_{name}()")
        else:
            parameters.append(name)
        items.append(f"    _set_{name}(self, {name})")
    lines = [f"def __init__(self, {', '.join(parameters)}):", *factories, *items]
    if hasattr(klass, "__post_init__"):
        lines.append("    self.__post_init__()")
    if len(lines) == 1:
        lines.append("    pass")
    exec("\n".join(lines), namespace)  # noqa: S102 - source built above from field names only
    init = namespace["__init__"]
    init.__qualname__ = f"{klass.__qualname__}.__init__"
    init.__module__ = klass.__module__
    return init
