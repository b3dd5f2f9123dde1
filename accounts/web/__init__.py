"""The account pages: sign-in and sign-out (views), 个人设置 (preferences), the inbox of 站内消息
(inbox), the top bar's user menu and bell (top_bar), and their forms."""
