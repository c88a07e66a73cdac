"""Planning-office figures: the delivery format, its validation and the published figures."""
