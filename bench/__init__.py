"""`make bench`: the data, the pages and the load that measure the portal.

Tooling, not a part of the portal: it is installed only when BENCH_ENDPOINTS is true,
which no real deployment sets. It may import any app; no app imports it.
"""
