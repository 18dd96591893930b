:::BEGIN
{
	printf("short\n");
	exit(0);
}
