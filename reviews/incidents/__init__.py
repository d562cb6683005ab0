"""Children, incidents, the national notification and Rapid Reviews."""
