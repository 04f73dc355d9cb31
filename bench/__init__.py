"""Benchmarks (`make bench`): each prints its figures beside the baseline it is compared with."""
