"""`make bench`: what measures the portal, beside it rather than inside its apps.

Tooling, not a part of the portal: it is installed only when BENCH_ENDPOINTS is true,
which no real deployment sets. It may import any app; no app imports it.
"""
