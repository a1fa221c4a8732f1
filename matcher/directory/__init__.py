"""The directory's own data: the profile schema, vocabularies, import, export."""
