"""The health of the network: figures computed by pure functions (`figures`)
over facts read from the store (`facts`), drawn by `render.report`."""
