struct pair {
	int a;
	int b;
};

BEGIN
{
	p = (struct pair *)8;
	trace(p->b);
}

ERROR
{
	printf("fault %d at %d\n", arg4, arg5);
	exit(0);
}
