BEGIN
{
	printf("[% d]\n", 5);
	exit(0);
}
