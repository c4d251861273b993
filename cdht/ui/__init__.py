"""Streamlit helpers shared by the pages: the only part of `cdht` that imports streamlit."""
