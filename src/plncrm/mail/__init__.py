"""The messages pln drafts, sent: one RFC 5322 message per person (`messages`),
through the user's own SMTP server (`smtp`) or into `.eml` drafts."""
