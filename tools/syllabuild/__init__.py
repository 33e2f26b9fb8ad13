"""syllabuild: a course website from one syllabus.yaml."""

__version__ = "0.1.0"
__all__ = ["__version__"]
