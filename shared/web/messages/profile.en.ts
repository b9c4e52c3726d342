/** English words of the client's profile, the change password form and its confirmation. */
export interface ProfileMessages {
  title: string;
  profileLink: string;
  signInHeading: string;
  signInEmail: string;
  securityHeading: string;
  passwordLead: string;
  changePassword: string;
  providersHeading: string;
  providerSince: (date: string) => string;
  noProviders: string;
  companiesHeading: string;
  noCompanies: string;
  dataHeading: string;
  dataLead: string;
  downloadData: string;
  backHome: string;
  changeTitle: string;
  changeLead: string;
  submit: string;
  cancel: string;
  errors: { heading: string; rule: string; mismatch: string; rejected: string; empty: string };
  changedTitle: string;
  changedLead: string;
  changedElsewhere: string;
  backToProfile: string;
}

export const en: ProfileMessages = {
  title: 'My profile',
  profileLink: 'Sign-in and password',
  signInHeading: 'Sign-in',
  signInEmail: 'Sign-in email',
  securityHeading: 'Security',
  passwordLead: 'To change your password, you will be asked to sign in again.',
  changePassword: 'Change password',
  providersHeading: 'Your providers',
  providerSince: (date) => `client since ${date}`,
  noProviders: 'No provider yet.',
  companiesHeading: 'Your companies',
  noCompanies: 'No company yet.',
  dataHeading: 'Your data',
  dataLead:
    'Everything your providers hold on you (your details, invitations and their history, devices), as a JSON file.',
  downloadData: 'Download my data',
  backHome: 'Back to home',
  changeTitle: 'Change password',
  changeLead: 'Choose a new password. Once it is changed, you are signed out on your other devices.',
  submit: 'Change password',
  cancel: 'Cancel',
  errors: {
    heading: 'The password was not changed',
    rule: 'The new password does not meet every rule below.',
    mismatch: 'The two passwords are not the same.',
    rejected: 'The sign-in service refused this password. Choose another one.',
    empty: 'Type a new password.',
  },
  changedTitle: 'Password changed',
  changedLead: 'Your password has been updated.',
  changedElsewhere: 'You have been signed out on your other devices. An email confirms the change.',
  backToProfile: 'Back to my profile',
};
