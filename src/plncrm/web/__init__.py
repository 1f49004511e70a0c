"""`pln serve`: the pocket agenda and the booth kiosk, as a small ASGI app.

It sits between the commands and the drawing: like `cli/` it parses (forms
instead of arguments) and calls the same core, one journaled transaction a
request; it never imports `cli/` (the server is handed what it writes through).
"""
