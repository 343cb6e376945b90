"""Telemetry adapters: Prometheus metrics and JSON log lines."""
