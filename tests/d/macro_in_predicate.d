BEGIN
/$1 == 7/
{
	printf("seven\n");
}

BEGIN
{
	exit(0);
}
