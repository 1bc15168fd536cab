"""The desktop scorer app: record raids at the edge of the mat, hosted or joined."""
