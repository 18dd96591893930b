BEGIN
{
	printf("x\n");
	exit(0);
}
