"""The Sphinx extension: config, state, domain and records, collectors,
roles, directives and the aggregate pages."""
