(copied from syllabuild/theme/assets)
