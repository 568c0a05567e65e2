"""The peak memory of one conversion, not of the whole worker's life.

Takes: nothing. Gives: `reset_peak()` before an input and `peak_mb()` after it. On Linux the
kernel's high-water mark of the process is reset through /proc/self/clear_refs and read from
/proc/self/status, so each input gets its own peak; elsewhere the process's lifetime peak from
`resource` (where that module exists), and None on a system with neither (Windows).
"""
from __future__ import annotations


def reset_peak() -> bool:
    """Start measuring a new peak; False where the system cannot."""
    try:
        with open("/proc/self/clear_refs", "w") as stream:
            stream.write("5")
        return True
    except OSError:
        return False


def peak_mb() -> float | None:
    """The peak resident memory in MB since `reset_peak` (or since the process started)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as stream:
            for line in stream:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource  # not on Windows
    except ImportError:
        return None
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
