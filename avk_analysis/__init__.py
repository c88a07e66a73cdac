"""AVK generational-poverty monitor."""
