"""The benchmarks' commands and floor views, installed only with BENCH_ENDPOINTS."""

from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "bench"
    verbose_name = "Benchmarks"
