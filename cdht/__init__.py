"""CDHT: the "Công dân học tập" self-assessment system."""
