BEGIN
/!(1 == 2)/
{
	printf("ok\n");
	exit(0);
}
