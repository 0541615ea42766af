"""Getting real data in: workbook template, attendance lists, record linkage
of people and organisations, review files, audit and de-duplication."""
