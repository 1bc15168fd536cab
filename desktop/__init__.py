"""The desktop scorer app: record raids at the edge of the mat, hosted or joined."""

# Load pydantic (through the wire contract) before any PySide6 import: once PySide6 is
# loaded, its import hook inspects every new module, which breaks pydantic's lazy
# imports if pydantic is first loaded after it (a circular ImportError).
import relay.wire  # noqa: F401
