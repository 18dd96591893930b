/* a block comment */
BEGIN /* between */
{
	// a line comment
	printf("ok\n"); /* trailing */
	exit(0);
}
