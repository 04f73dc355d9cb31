"""Aixin project package.

Named ``config`` and not ``platform``: a top-level ``platform`` package would shadow the
standard-library module that Django, NumPy and scikit-learn import at start-up.
"""

from config.celery_app import app as celery_app

__all__ = ("celery_app",)
