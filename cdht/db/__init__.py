"""The data layer: SQLModel tables and functions that take a `session`. No Streamlit here."""
