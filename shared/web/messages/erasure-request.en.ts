/** English words of the client's erasure request (profile → "Ask for my data to be erased"). */
export const en = {
  link: 'Ask for my data to be erased',
  lead: 'You can ask every provider you are a client of to erase what they hold on you.',
  title: 'Ask for your data to be erased',
  explain: (days: number) =>
    `Each provider below is asked to erase your details, invitations and devices. One that has not done it within ${days} days has it done automatically. Once no provider keeps you as a client, your account is deleted too: you can no longer sign in, and the mobile app stops working.`,
  providersHeading: 'Providers asked',
  exportFirst: 'Download your data first if you want to keep a copy.',
  confirm: 'Yes, ask for my data to be erased',
  cancel: 'No, go back to my profile',
  askedTitle: 'Your request was sent',
  asked: (at: string, by: string) =>
    `You asked on ${at} for your data to be erased. Your providers have until ${by}; after that it is done automatically.`,
  backToProfile: 'Back to my profile',
};

export type ErasureRequestMessages = typeof en;
