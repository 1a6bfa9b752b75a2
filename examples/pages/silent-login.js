// 静默登录: the page logs the person in on load, without asking them anything.
// (Handlers return their promise so a test can wait for it; the runtime ignores it.)
Page({
  data: { user: null, error: null },

  onLoad() {
    return tt.BaaS.auth.loginWithTt().then(user => {
      // 登录成功
      this.currentUser = user
      this.setData({ user: summary(user), error: null })
    }, err => {
      // 登录失败: an HError, e.g. 601 when the request timed out
      this.setData({ error: { code: err.code, message: err.message } })
      tt.showToast({ title: '网络不给力，请重试', icon: 'none' })
    })
  },
})

function summary(user) {
  return { id: user.id, nickname: user.nickname, avatar: user.avatar }
}
