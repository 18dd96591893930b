/* DTrace takes a buffer of a few bytes (-b 64); rdtrace's buffers are at
   least a page, so a smaller size is a page and the records fit. */
BEGIN
{
	printf("fits\n");
	exit(0);
}
