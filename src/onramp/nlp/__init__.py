"""Skill intelligence (C2): linking skills, extracting them from documents, coding job titles."""
