# The Python wheel (python/pyproject.toml, `pip install ./python`): liblensgen.so into the
# package beside its __init__.py (python/lensgen/__init__.py loads it from there), and the
# shipped decks as package data (lensgen.decks()).
install(TARGETS lensgen_shared LIBRARY DESTINATION lensgen)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/input/ DESTINATION lensgen/decks
        FILES_MATCHING PATTERN "*.deck" PATTERN "reference.deck" EXCLUDE)
