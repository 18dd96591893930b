BEGIN
{
	printf("%c%c\n", 65, 'b');
	exit(0);
}
