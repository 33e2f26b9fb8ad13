"""Link checking for syllabus, pages and built HTML."""
