"""The agenda sent out of the terminal: a summary (`summary`) delivered through
Apprise (`send`) by a daily timer (`timer`)."""
