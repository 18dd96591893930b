dtrace:::BEGIN
{
	printf("full\n");
	exit(0);
}
