"""Two-way sync of contacts with a vdir address book: one `.vcf` per contact,
the folder vdirsyncer carries to a CardDAV server and so to phones."""
