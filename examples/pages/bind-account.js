// 多平台用户统一登录: a person who already has an account (made on the website) links their
// ByteDance identity to it, instead of getting a second account.
Page({
  data: { user: null, needsAccount: false, linked: false, error: null },

  onLoad() {
    // 设置 createUser 参数为 false，避免直接创建一个账户
    return tt.BaaS.auth.loginWithTt({ forceLogin: false, createUser: false }).then(user => {
      // 已经有用户记录，不是第一次登录，进入正常业务流程。
      this.setData({ user: summary(user), needsAccount: false })
    }, err => {
      // 登录失败，没有账户记录: show the form for the existing account
      if (err.code === 404) return this.setData({ needsAccount: true })
      this.setData({ error: { code: err.code, message: err.message } })
    })
  },

  // <form bindsubmit="onSubmit"> with the inputs email and password
  onSubmit(e) {
    const { email, password } = e.detail.value
    return tt.BaaS.auth.login({ email, password }).then(user => {
      this.setData({ user: summary(user) })
      return user.linkTt()
    }).then(res => {
      // 关联成功，下次可以通过 tt.BaaS.auth.loginWithTt 登录了
      this.setData({ linked: res.statusCode === 200, needsAccount: false })
    }, err => {
      this.setData({ error: { code: err.code, message: err.message } })
    })
  },

  onLogout() {
    return tt.BaaS.auth.logout().then(() => this.setData({ user: null }))
  },
})

function summary(user) {
  return { id: user.id, nickname: user.nickname, avatar: user.avatar }
}
