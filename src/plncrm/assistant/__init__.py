"""`pln mcp`: the network offered to an assistant as Model Context Protocol
tools and resources, every change one journaled step that `pln undo` takes back."""
