BEGIN
{
	printf("%x\n", -1);
	exit(0);
}
