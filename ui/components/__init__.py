"""Reusable pieces of the frames and pages."""
