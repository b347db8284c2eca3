"""Office staff: employees and administrators, the restriction switch and assignments."""
