"""The engine: fit the directory into arrays, rank requests, explain matches.

``matcher.engine.matcher`` holds ``Matcher``; the other modules are its rooms
(the index, the factors and filters, scoring one request or many, the words).
"""
