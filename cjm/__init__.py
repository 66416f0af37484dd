"""cjm: customer journey maps as code."""

__version__ = "0.1.0"

#: The name on the package index. `cjm` there is somebody else's placeholder, so the
#: distribution has its own name; the command stays `cjm`.
DISTRIBUTION = "cjm-journey-maps"


def requirement() -> str:
    """The pip requirement that installs exactly this version: ``NAME==X.Y.Z``."""
    return f"{DISTRIBUTION}=={__version__}"
