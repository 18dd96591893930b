struct s {
	int x;
	int y;
};

BEGIN
{
	/* A tag scoped to the script (D) or the kernel (vmlinux). */
	printf("%d %d %d\n", offsetof(struct D`s, y), sizeof(struct D`s),
	    sizeof(struct vmlinux`list_head));
	exit(0);
}
