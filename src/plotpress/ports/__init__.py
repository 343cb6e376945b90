"""Interfaces the services need from the outside world, each with its errors beside it."""
