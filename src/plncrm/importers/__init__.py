"""Bringing contacts in from files, without duplicates.

Each format's reader (`linkedin`, `vcard`, `csv_import`, `json_store`) turns a
file into `records.Record`s, or rejections with their line numbers; the one
engine in `apply` matches and merges them with the store.
"""
