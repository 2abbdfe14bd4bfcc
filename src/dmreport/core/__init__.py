"""The parts of the reports that need no Sphinx: identifiers, months,
sections, the WBS registry and bibliographies, milestones, git, errors."""
