/*
 * print() of a kernel struct by its BTF: its members' own type names,
 * anonymous unions and everything else left zero not shown; printsize
 * cuts it short.
 */
#pragma D option quiet
BEGIN
{
	skb = (struct sk_buff *)alloca(sizeof (struct sk_buff));
	skb->len = 123;
	skb->data = (unsigned char *)0xfeedfacefeedface;
	skb->truesize = 32;
	print(skb);
	setopt("printsize", "8");
	print(skb);
	exit(0);
}
