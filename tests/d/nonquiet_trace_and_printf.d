BEGIN
{
	trace(5);
	printf(" and more");
	exit(0);
}
